// Runs one stand-in vendor on its own thread, so the server's work does not share the client's event loop (a real
// vendor is another machine). Protocol: posts { url } when listening; on "close", stops and posts { arrivals }.
import { parentPort, workerData } from "node:worker_threads";
import { startRateLimitedServer } from "./rate-limited-server.mjs";
import { vendorServers } from "./vendor-routes.mjs";

const { vendor, limits } = workerData;
const server = await startRateLimitedServer({ limits, routes: vendorServers[vendor].routes(), tooManyBody: vendorServers[vendor].tooManyBody });
parentPort.postMessage({ url: server.url });
parentPort.once("message", async () => {
  await server.close();
  parentPort.postMessage({ arrivals: server.arrivals });
  parentPort.close();
});
