import { sqliteBackend } from './backends.js';
import { ruleStoreContract } from './rule-store.contract.js';

ruleStoreContract(sqliteBackend);
