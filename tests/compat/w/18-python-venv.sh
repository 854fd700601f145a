# what: python3 -m venv (symlinks to the interpreter) and the venv's python
# needs: python3
python3 -m venv --without-pip v 2>&1 | tail -1
v/bin/python -c 'import sys; print(sys.prefix != sys.base_prefix)'
