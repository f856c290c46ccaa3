/**
 * Sentinel and Cluster, for real: redis-server runs as a Sentinel (`--sentinel`) watching a master, and as a
 * one-node Cluster holding every slot. A one-node Cluster still refuses multi-key commands across slots
 * (CROSSSLOT), so it proves that isRevoked's single MGET works under Cluster thanks to the key hash tag.
 */
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { createStore } from '../../src/store/create';
import type { TokenStore } from '../../src/store/types';
import { startRedisServer, type RedisServer } from '../helpers/redis';

const servers: RedisServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

async function exercise(store: TokenStore): Promise<void> {
  const now = Date.now() / 1000;
  await store.revokeToken('j', now + 60);
  await store.revokeUser('42', now, 60);
  await expect(store.isRevoked({ jti: 'j', family: 'f', user: '7', iat: now })).resolves.toBe(true);
  await expect(store.isRevoked({ jti: 'k', family: 'f', user: '42', iat: now + 1 })).resolves.toBe(false);
  await expect(store.isRevoked({ jti: 'k', family: 'f', user: '42', iat: now })).resolves.toBe(true);
  const wins = await Promise.all(Array.from({ length: 20 }, () => store.useOnce('r', 60)));
  expect(wins.filter(Boolean)).toHaveLength(1);
  await expect(store.hit('k', 60)).resolves.toEqual({ count: 1, resetInSeconds: 60 });
}

describe('Redis Sentinel', () => {
  it('finds the master through a sentinel and works as one server', async () => {
    const master = await startRedisServer();
    servers.push(master);
    const sentinel = await startRedisServer({ sentinelOf: master.port });
    servers.push(sentinel);
    const store = createStore({
      type: 'redis',
      sentinels: [{ host: '127.0.0.1', port: sentinel.port }],
      name: 'mymaster',
      keyPrefix: `test:${randomUUID()}:`,
    });
    try {
      await exercise(store);
    } finally {
      await store.close();
    }
  });
});

describe('Redis Cluster', () => {
  it('keeps the keys of one isRevoked on one slot with a hash tag', async () => {
    // A lone node does not know its own address until told; without it CLUSTER SLOTS names no host.
    const node = await startRedisServer({ extraArgs: ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-announce-ip', '127.0.0.1'] });
    servers.push(node);
    const admin = new Redis(node.url);
    await admin.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383');
    const deadline = Date.now() + 10_000;
    while (!String(await admin.call('CLUSTER', 'INFO')).includes('cluster_state:ok')) {
      if (Date.now() > deadline) throw new Error('the one-node cluster did not reach cluster_state:ok');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const prefix = `test:${randomUUID()}:`;
    const store = createStore({ type: 'redis', cluster: [{ host: '127.0.0.1', port: node.port }], keyPrefix: prefix });
    try {
      await exercise(store);
      const keys = await admin.keys('*');
      expect(keys.length).toBeGreaterThan(0);
      for (const key of keys) expect(key.startsWith(`{${prefix}}`)).toBe(true);
    } finally {
      await store.close();
      admin.disconnect();
    }
  });
});
