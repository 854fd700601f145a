# what: git commit and checkout of a tree with a symbolic link
# needs: git python3
export GIT_AUTHOR_NAME=a GIT_AUTHOR_EMAIL=a@b GIT_COMMITTER_NAME=a GIT_COMMITTER_EMAIL=a@b
git init -q -b main r && cd r && echo t >t
python3 -c 'import subprocess; h = subprocess.run(["git", "hash-object", "-w", "--stdin"], input=b"t", capture_output=True).stdout.decode().strip(); subprocess.run(["git", "update-index", "--add", "--cacheinfo", "120000,%s,link" % h], check=True)'
git add t && git commit -qm links && cd .. && git clone -q r c && readlink c/link
