import { alertLeaseContract, postgresLeaseBackend } from './alert-lease.contract.js';

// PostgreSQL unreachable on 127.0.0.1:5432: these fail, they are not skipped.
alertLeaseContract(postgresLeaseBackend('lease'));
