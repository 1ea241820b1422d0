/** CLI entry point; filled in by the issue that owns it. */
console.error('not implemented yet');
process.exitCode = 2;
