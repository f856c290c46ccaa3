import { isIgnored } from '../../src/scaffold/gitignore';

describe('isIgnored', () => {
  it.each(['.env', '/.env', '.env*', '*.env', '**/.env', '.e?v', '.[e]nv', '# secrets\n.env', 'node_modules\n.env  '])(
    '.env is ignored by %j',
    (gitignore) => {
      expect(isIgnored(gitignore, '.env')).toBe(true);
    },
  );

  it.each(['', '# .env', '.env/', '.env.local', '.env.*', 'env', 'sub/.env', '.env\n!.env', '\\#.env', '.[!e]nv'])(
    '.env is not ignored by %j',
    (gitignore) => {
      expect(isIgnored(gitignore, '.env')).toBe(false);
    },
  );

  it.each(['keys/', 'keys', '/keys', '*.pem', 'keys/*.pem', '/keys/jwtauth-private.pem', 'jwtauth-private.pem', '**/*.pem', 'keys/**'])(
    'keys/jwtauth-private.pem is ignored by %j',
    (gitignore) => {
      expect(isIgnored(gitignore, 'keys/jwtauth-private.pem')).toBe(true);
    },
  );

  it.each(['/jwtauth-private.pem', 'other/', 'keys/*.key', '*.pem\n!keys/jwtauth-private.pem', 'jwtauth-private.pem/'])(
    'keys/jwtauth-private.pem is not ignored by %j',
    (gitignore) => {
      expect(isIgnored(gitignore, 'keys/jwtauth-private.pem')).toBe(false);
    },
  );

  it('reads CRLF files', () => {
    expect(isIgnored('dist\r\n.env\r\n', '.env')).toBe(true);
  });
});
