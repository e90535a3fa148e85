// An example graphql-ws server module for ws-soak (both sides user modules: the fault proxy sits
// between it and scenarios/examples/graphql-ws-client.mjs). graphql, graphql-ws and ws are NOT
// dependencies of ws-soak you can rely on: install them (`npm install graphql graphql-ws ws`).
import { EventEmitter, on } from 'node:events';
import { createServer } from 'node:http';
import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { useServer } from 'graphql-ws/lib/use/ws';
import { WebSocketServer } from 'ws';

export default async function start({ host, port }) {
  const news = new EventEmitter();
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { hello: { type: GraphQLString, resolve: () => 'world' } } }),
    subscription: new GraphQLObjectType({
      name: 'Subscription',
      fields: { news: { type: GraphQLString, subscribe: () => on(news, 'item'), resolve: ([item]) => item } },
    }),
  });
  const http = createServer();
  const wss = new WebSocketServer({ server: http, path: '/graphql' });
  const server = useServer({ schema }, wss);
  await new Promise((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, resolve);
  });
  return {
    url: `ws://${host}:${http.address().port}/graphql`,
    stop: async () => {
      await server.dispose();
      await new Promise((resolve) => http.close(() => resolve()));
    },
  };
}
