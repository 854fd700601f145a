# what: CPython's own regression tests of os and shutil (a subset)
# needs: python3
python3 -m unittest -q test.test_shutil.TestCopy 2>&1 | tail -1 | sed 's/ (.*//'
