import type Docker from 'dockerode';

export interface LocalImage {
  id: string;
  repoDigests: string[];
  repoTags: string[];
}

/** The image a reference or ID points to on the engine, or undefined when the engine has none. */
export async function inspectLocalImage(
  docker: Docker,
  nameOrId: string,
): Promise<LocalImage | undefined> {
  try {
    const info = await docker.getImage(nameOrId).inspect();
    return { id: info.Id, repoDigests: info.RepoDigests ?? [], repoTags: info.RepoTags ?? [] };
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    throw error;
  }
}

export interface PullAuth {
  username?: string;
  password?: string;
  identitytoken?: string;
  serveraddress: string;
}

/**
 * Pulls through the Engine API and waits for the stream to end. The engine reports some failures
 * (manifest unknown, denied) inside the progress stream with a 200 status, so those are surfaced
 * too.
 */
export async function pullImage(docker: Docker, reference: string, auth?: PullAuth): Promise<void> {
  const stream = await docker.pull(reference, auth ? { authconfig: auth } : {});

  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null) => (error ? reject(error) : resolve()),
      (event: { error?: string; errorDetail?: { message?: string } }) => {
        if (event.error) reject(new Error(event.errorDetail?.message ?? event.error));
      },
    );
  });
}
