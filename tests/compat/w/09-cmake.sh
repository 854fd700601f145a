# what: cmake configures and builds a C project with make
# needs: cmake make gcc
mkdir src && printf 'cmake_minimum_required(VERSION 3.10)\nproject(p C)\nadd_executable(p p.c)\n' >src/CMakeLists.txt
printf 'int main(void){return 3;}\n' >src/p.c
cmake -S src -B build >/dev/null && cmake --build build >/dev/null && ./build/p; echo rc=$?
