// dynalite (the DynamoDB API, in memory) on a loopback port the OS picks, printing
// "Dynalite listening at: http://127.0.0.1:<port>". Its own CLI turns --port 0 into 4567, and picking a free
// port first and binding it later races with every other process doing the same (parallel test runs).
const dynalite = require('dynalite');

const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(0, '127.0.0.1', () => {
  console.log(`Dynalite listening at: http://127.0.0.1:${server.address().port}`);
});
