# what: node: spawn with a child exit watcher (libuv), async fs
# needs: node
node -e '
const { spawn } = require("child_process"); const fs = require("fs/promises");
(async () => { await fs.writeFile("a", "1"); console.log((await fs.readFile("a")).toString());
  spawn("sh", ["-c", "exit 4"]).on("exit", c => console.log("exit", c)); })();'
