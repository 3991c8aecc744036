import { createServer, request, type Server } from "node:http";

export type FaultProxy = {
  url: string;
  /** While true, every request is answered `503 ServiceUnavailable` without reaching the target. */
  failing: boolean;
  /** Requests refused so far. */
  refused: number;
  close(): Promise<void>;
};

/**
 * A real HTTP proxy in front of an emulator (e.g. aws-ses-v2-local) that can play an outage no emulator offers:
 * while `failing`, it answers as an AWS service does when it is down (503, `x-amzn-ErrorType:
 * ServiceUnavailable`); otherwise it forwards each request unchanged. Fault tests and benches point the service's
 * endpoint at it.
 */
export async function startFaultProxy(target: string): Promise<FaultProxy> {
  const upstream = new URL(target);
  const proxy: FaultProxy = { url: "", failing: false, refused: 0, close: async () => undefined };
  const server: Server = createServer((req, res) => {
    if (proxy.failing) {
      proxy.refused++;
      req.resume();
      res.writeHead(503, {
        "content-type": "application/json",
        "x-amzn-errortype": "ServiceUnavailable",
      });
      res.end(JSON.stringify({ message: "Service Unavailable" }));
      return;
    }
    const forward = request(
      {
        hostname: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on("error", () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  proxy.url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  proxy.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
