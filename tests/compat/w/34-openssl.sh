# what: openssl: digest, enc/dec with a password, an EC key and a signature
# needs: openssl
echo secret >m && openssl dgst -sha256 -r m | cut -c1-16
openssl enc -aes-256-cbc -pbkdf2 -pass pass:p -in m -out m.enc && openssl enc -d -aes-256-cbc -pbkdf2 -pass pass:p -in m.enc
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out k 2>/dev/null && openssl dgst -sha256 -sign k -out s m && openssl pkey -in k -pubout -out pub && openssl dgst -sha256 -verify pub -signature s m
