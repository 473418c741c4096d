// Express's hello world, the floor the load benchmark compares Haqq's routes with.
import express from 'express';

const app = express();
app.get('/', (_req, res) => {
  res.send('Hello World!');
});
const server = app.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening ${String(typeof address === 'object' && address ? address.port : '')}`);
});
