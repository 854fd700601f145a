# what: gpg: symmetric encryption and decryption (starts gpg-agent, a Unix-socket server)
# needs: gpg
export GNUPGHOME=$PWD/g && mkdir -m 700 g
echo plain >m && gpg -q --batch --pinentry-mode loopback --passphrase p -c m 2>/dev/null && gpg -q --batch --pinentry-mode loopback --passphrase p -d m.gpg 2>/dev/null
gpgconf --kill gpg-agent 2>/dev/null; true
