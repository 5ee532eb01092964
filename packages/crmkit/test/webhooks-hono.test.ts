import { startHonoReceiver } from "../examples/hono-receiver.js";
import { describeReceiverOverHttp } from "./webhook-http-matrix.js";

describeReceiverOverHttp("Hono (@hono/node-server)", startHonoReceiver);
