# what: git init, add, commit, branch, merge, log, clone of a local repository
# needs: git
export GIT_AUTHOR_NAME=a GIT_AUTHOR_EMAIL=a@b GIT_COMMITTER_NAME=a GIT_COMMITTER_EMAIL=a@b GIT_AUTHOR_DATE=2020-01-01T00:00:00Z GIT_COMMITTER_DATE=2020-01-01T00:00:00Z
git init -q -b main r && cd r && echo 1 >f && chmod +x f && git add f && git commit -qm one
git checkout -qb b && echo 2 >g && git add g && git commit -qm two && git checkout -q main && git merge -q b
git log --format=%s | tr '\n' ' '; echo; cd .. && git clone -q r c && ls c && test -x c/f && echo exec
