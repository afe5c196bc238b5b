import { alertStoreContract } from './alert-store.contract.js';
import { sqliteBackend } from './backends.js';

alertStoreContract(sqliteBackend);
