# what: ln -s and readlink
# needs: ln readlink
echo hi >t && ln -s t l && readlink l && cat l
