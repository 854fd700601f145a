# what: asyncio TCP echo server and client on loopback (SO_REUSEADDR, listen)
# needs: python3
python3 - <<'P'
import asyncio
async def echo(r, w):
    w.write(await r.read(100)); await w.drain(); w.close()
async def main():
    srv = await asyncio.start_server(echo, "127.0.0.1", 0)
    port = srv.sockets[0].getsockname()[1]
    r, w = await asyncio.open_connection("127.0.0.1", port)
    w.write(b"ping"); w.write_eof()
    print((await r.read()).decode()); srv.close(); await srv.wait_closed()
asyncio.run(main())
P
