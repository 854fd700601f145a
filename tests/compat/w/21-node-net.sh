# what: node: a TCP server and client on loopback
# needs: node
node -e '
const net = require("net");
const srv = net.createServer(c => { c.end("pong"); }).listen(0, "127.0.0.1", () => {
  const c = net.connect(srv.address().port, "127.0.0.1");
  c.on("data", d => { console.log(d.toString()); srv.close(); });
});'
