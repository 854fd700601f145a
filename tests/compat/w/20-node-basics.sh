# what: node: fs, crypto, child_process, worker_threads
# needs: node
node -e '
const fs = require("fs"), cp = require("child_process"), crypto = require("crypto");
const { Worker } = require("worker_threads");
fs.writeFileSync("f", "node"); console.log(fs.readFileSync("f", "utf8"));
console.log(crypto.createHash("sha256").update("x").digest("hex").slice(0, 8));
console.log(cp.execFileSync("echo", ["child"]).toString().trim());
new Worker("require(\"worker_threads\").parentPort.postMessage(6*7)", { eval: true }).on("message", m => console.log(m));'
