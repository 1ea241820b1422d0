/** GET /health: version and table status, for load balancers and for people. */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { tableStatus } from '../../adapters/dynamodb/bootstrap.js';
import { createDynamoClients } from '../../adapters/dynamodb/client.js';
import { json } from '../../adapters/http/responses.js';
import { type Config, loadConfig } from '../../shared/config.js';
import { APP_VERSION } from '../../shared/version.js';
import { httpEntry } from './init.js';

export function createHealthHandler(config: Config) {
  const { raw } = createDynamoClients({ region: config.region, endpoint: config.dynamoEndpoint });
  return async (_event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    try {
      const tables = await tableStatus(raw, config.tables);
      const healthy = Object.values(tables).every((status) => status === 'ACTIVE');
      return json(healthy ? 200 : 503, { status: healthy ? 'ok' : 'degraded', version: APP_VERSION, tables });
    } catch {
      return json(503, { status: 'unavailable', version: APP_VERSION, tables: {} });
    }
  };
}

export const handler = httpEntry('health', async () => createHealthHandler(loadConfig()));
