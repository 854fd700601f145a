# what: tar -x of an archive holding a symbolic link
# needs: tar
mkdir s && echo x >s/f && ln -s f s/l 2>/dev/null || true
tar -cf s.tar s 2>/dev/null; rm -rf s; mkdir s && echo x >s/f
python3 -c '
import tarfile, io
t = tarfile.open("l.tar", "w"); i = tarfile.TarInfo("s2/link"); i.type = tarfile.SYMTYPE; i.linkname = "f"; t.addfile(i)
i = tarfile.TarInfo("s2/f"); d = b"x\n"; i.size = len(d); t.addfile(i, io.BytesIO(d)); t.close()'
tar -xf l.tar && readlink s2/link && cat s2/link
