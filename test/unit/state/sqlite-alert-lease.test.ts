import { alertLeaseContract, sqliteLeaseBackend } from './alert-lease.contract.js';

alertLeaseContract(sqliteLeaseBackend);
