// Removes dist/ before a build, so a file deleted from src/ never lingers in the package.
require('node:fs').rmSync(require('node:path').join(__dirname, '..', 'dist'), { recursive: true, force: true });
