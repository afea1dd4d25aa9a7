// The baseline: a bare Express "hello" on the same machine, measured in the same run.
import express from "express";

const app = express();
app.get("/", (_req, res) => {
  res.send("hello");
});
const server = app.listen(Number(process.env.PORT), "127.0.0.1", () => {
  process.stdout.write(`listening ${process.env.PORT}\n`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
