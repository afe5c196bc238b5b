import { alertStoreContract } from './alert-store.contract.js';
import { postgresBackend } from './backends.js';
import { digestStoreContract } from './digest-store.contract.js';
import { postLedgerContract } from './post-ledger.contract.js';

// The same contracts as SQLite's, on a PostgreSQL database of this file's own (dropped after).
// PostgreSQL unreachable on 127.0.0.1:5432: these fail, they are not skipped.
digestStoreContract(postgresBackend('digests'));
alertStoreContract(postgresBackend('alerts'));
postLedgerContract(postgresBackend('ledger'));
