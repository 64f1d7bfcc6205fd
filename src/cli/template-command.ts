import type { Command } from 'commander';
import { importString, readBlueprint } from './blueprint.js';

export function addTemplateCommand(program: Command): void {
  program
    .command('template')
    .description(
      "Print the Dokploy template's Import string (compose service → Advanced → Import).",
    )
    .option('--compose', 'print the docker-compose.yml instead')
    .option('--toml', 'print the template.toml instead')
    .action((flags: { compose?: boolean; toml?: boolean }) => {
      const blueprint = readBlueprint();
      if (flags.compose) process.stdout.write(blueprint.compose);
      else if (flags.toml) process.stdout.write(blueprint.config);
      else process.stdout.write(`${importString(blueprint)}\n`);
    });
}
