# what: asyncio subprocess (child watcher: pidfd_open)
# needs: python3
python3 - <<'P'
import asyncio
async def main():
    p = await asyncio.create_subprocess_exec("sh", "-c", "echo child; exit 3", stdout=asyncio.subprocess.PIPE)
    out, _ = await p.communicate()
    print(out.decode().strip(), p.returncode)
asyncio.run(main())
P
