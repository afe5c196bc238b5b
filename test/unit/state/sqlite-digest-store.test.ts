import { sqliteBackend } from './backends.js';
import { digestStoreContract } from './digest-store.contract.js';

digestStoreContract(sqliteBackend);
