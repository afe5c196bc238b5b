import { sqliteBackend } from './backends.js';
import { postLedgerContract } from './post-ledger.contract.js';

postLedgerContract(sqliteBackend);
