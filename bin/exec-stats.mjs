#!/usr/bin/env node
// `npx exec-stats …`: runs the TypeScript CLI through tsx (a runtime dependency), so a fresh clone
// needs no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
