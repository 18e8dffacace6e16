import { parentPort } from 'node:worker_threads';

// Baseline for the transfer figure: echoes whatever arrives, by structured copy or by transfer.
parentPort!.on('message', (msg: { data: Float32Array; transfer: boolean }) => {
  parentPort!.postMessage(msg, msg.transfer ? [msg.data.buffer as ArrayBuffer] : []);
});
