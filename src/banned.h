/* banned.h - libc calls that have no place in this code base. Included last
 * by every source file, after the system headers, as in the original. */
#ifndef CAPEJAIL_BANNED_H
#define CAPEJAIL_BANNED_H

#define CJ_BANNED(f) sorry_##f##_is_banned

#undef strcpy
#define strcpy(a, b) CJ_BANNED(strcpy)
#undef strcat
#define strcat(a, b) CJ_BANNED(strcat)
#undef strncpy
#define strncpy(a, b, c) CJ_BANNED(strncpy)
#undef strncat
#define strncat(a, b, c) CJ_BANNED(strncat)
#undef sprintf
#define sprintf(...) CJ_BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) CJ_BANNED(vsprintf)
#undef gets
#define gets(a) CJ_BANNED(gets)
#undef strtok
#define strtok(a, b) CJ_BANNED(strtok)
#undef atoi
#define atoi(a) CJ_BANNED(atoi)
#undef system
#define system(a) CJ_BANNED(system)

#endif
