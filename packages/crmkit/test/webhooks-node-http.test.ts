import { startNodeReceiver } from "../examples/node-http-receiver.js";
import { describeReceiverOverHttp } from "./webhook-http-matrix.js";

describeReceiverOverHttp("node:http (core's nodeHandler)", async (settings) => {
  const { server, url } = await startNodeReceiver(settings);
  const close = () =>
    new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
  return { url, close };
});
