// Runs every benchmark in bench/ in turn. Not part of `npm test`: timing never decides a test.
const { execFileSync } = require('node:child_process');
const { readdirSync } = require('node:fs');
const { join } = require('node:path');

for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.js') && f !== 'run.js').sort()) {
  console.log(`\n## ${file}`);
  execFileSync(process.execPath, [join(__dirname, file)], { stdio: 'inherit' });
}
