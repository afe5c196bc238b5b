import { postgresBackend } from './backends.js';
import { ruleStoreContract } from './rule-store.contract.js';

// The same contract as SQLite's, on a PostgreSQL database of this file's own (dropped after).
// PostgreSQL unreachable on 127.0.0.1:5432: these fail, they are not skipped.
ruleStoreContract(postgresBackend('rules'));
