# what: CPython: json, hashlib, re, tempfile, os.walk, subprocess
# needs: python3
python3 - <<'P'
import hashlib, json, os, re, subprocess, tempfile
d = tempfile.mkdtemp(dir=".")
open(os.path.join(d, "f"), "w").write("data")
print(json.dumps({"n": len(list(os.walk("."))), "h": hashlib.sha1(b"x").hexdigest()[:8]}))
print(subprocess.run(["echo", "sub"], capture_output=True, text=True).stdout.strip(), bool(re.match("a+", "aaa")))
P
