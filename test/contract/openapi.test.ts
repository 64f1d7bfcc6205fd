import { describe, expect, it } from 'vitest';
import { checkRequestAgainstOpenApi } from '../support/openapi.js';

describe('checkRequestAgainstOpenApi', () => {
  it('accepts a query with its declared parameters', () => {
    const problems = checkRequestAgainstOpenApi({
      method: 'GET',
      path: '/api/compose.one',
      query: { composeId: 'abc' },
    });

    expect(problems).toEqual([]);
  });

  it('reads parameters from the query string too', () => {
    const problems = checkRequestAgainstOpenApi({
      method: 'GET',
      path: '/api/docker.getContainersByAppNameMatch?appName=x&appType=docker-compose',
    });

    expect(problems).toEqual([]);
  });

  it('reports an unknown path and a wrong method', () => {
    expect(checkRequestAgainstOpenApi({ method: 'GET', path: '/api/compose.nope' })).toEqual([
      "path /compose.nope is not in Dokploy's API",
    ]);
    expect(
      checkRequestAgainstOpenApi({ method: 'POST', path: '/api/project.all', body: {} }),
    ).toEqual(['POST /project.all is not declared (only GET)']);
  });

  it('reports undeclared, missing and enum-violating query parameters', () => {
    const problems = checkRequestAgainstOpenApi({
      method: 'GET',
      path: '/api/docker.getContainersByAppNameMatch',
      query: { appType: 'swarm', input: '{}' },
    });

    expect(problems).toEqual([
      'query parameter "input" is not declared',
      'query parameter "appType" is not one of stack, docker-compose',
      'required query parameter "appName" is missing',
    ]);
  });

  it('accepts a mutation body with declared fields and nullable values', () => {
    const problems = checkRequestAgainstOpenApi({
      method: 'POST',
      path: '/api/application.saveDockerProvider',
      body: {
        applicationId: 'a',
        dockerImage: 'nginx:latest',
        username: null,
        password: null,
        registryUrl: null,
      },
    });

    expect(problems).toEqual([]);
  });

  it('reports undeclared body fields, missing required ones and wrong types', () => {
    // The recorded compose.create sent sourceType, which Dokploy's input schema does not declare.
    const problems = checkRequestAgainstOpenApi({
      method: 'POST',
      path: '/api/compose.create',
      body: { name: 'x', sourceType: 'raw', composeType: 'kubernetes' },
    });

    expect(problems).toEqual([
      'body field "sourceType" is not declared',
      'body field "composeType" has the wrong type',
      'required body field "environmentId" is missing',
    ]);
  });

  it('rejects a body that is not an object and a GET with a body', () => {
    expect(
      checkRequestAgainstOpenApi({ method: 'POST', path: '/api/compose.deploy', body: '{"a":' }),
    ).toEqual(['the body must be a JSON object']);
    expect(
      checkRequestAgainstOpenApi({
        method: 'GET',
        path: '/api/project.all',
        body: { projectId: 'p' },
      }),
    ).toEqual(['a GET request carries a body']);
  });
});
