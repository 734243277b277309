import { ConfigError, loadConfig } from '../../src/config/app-config';

describe('supporting documents configuration', () => {
  it('keeps files in a local folder by default', () => {
    expect(loadConfig({}).documents).toEqual({ storage: 'local', dir: '.guichet/documents', s3: undefined });
    expect(loadConfig({ DOCUMENTS_DIR: '/var/lib/guichet/documents' }).documents.dir).toBe('/var/lib/guichet/documents');
  });

  it('takes an S3-compatible storage', () => {
    const { documents } = loadConfig({
      DOCUMENTS_STORAGE: 's3',
      S3_ENDPOINT: 'https://s3.fr-par.scw.cloud',
      S3_REGION: 'fr-par',
      S3_BUCKET: 'guichet-documents',
      S3_ACCESS_KEY_ID: 'SCWXXXXXXXX',
      S3_SECRET_ACCESS_KEY: 'secret',
      S3_FORCE_PATH_STYLE: 'true',
    });
    expect(documents.storage).toBe('s3');
    expect(documents.s3).toEqual({ endpoint: 'https://s3.fr-par.scw.cloud', region: 'fr-par', bucket: 'guichet-documents', accessKeyId: 'SCWXXXXXXXX', secretAccessKey: 'secret', forcePathStyle: true });
    // AWS itself, with the default credentials (instance role…)
    expect(loadConfig({ DOCUMENTS_STORAGE: 's3', S3_BUCKET: 'guichet' }).documents.s3).toEqual({
      endpoint: undefined,
      region: 'us-east-1',
      bucket: 'guichet',
      accessKeyId: undefined,
      secretAccessKey: undefined,
      forcePathStyle: false,
    });
  });

  it.each([
    [{ DOCUMENTS_STORAGE: 'ftp' }, /DOCUMENTS_STORAGE must be one of local, s3/],
    [{ DOCUMENTS_STORAGE: 's3' }, /S3_BUCKET is required when DOCUMENTS_STORAGE=s3/],
    [{ DOCUMENTS_STORAGE: 's3', S3_BUCKET: 'Mon_Bucket' }, /S3_BUCKET must be a bucket name/],
    [{ DOCUMENTS_STORAGE: 's3', S3_BUCKET: 'guichet', S3_ENDPOINT: 'minio:9000' }, /S3_ENDPOINT must be a https: or http:/],
    [{ DOCUMENTS_STORAGE: 's3', S3_BUCKET: 'guichet', S3_ENDPOINT: 'not a url' }, /S3_ENDPOINT is not a valid URL/],
    [{ DOCUMENTS_STORAGE: 's3', S3_BUCKET: 'guichet', S3_REGION: 'Paris 1' }, /S3_REGION must be a region name/],
    [{ DOCUMENTS_STORAGE: 's3', S3_BUCKET: 'guichet', S3_ACCESS_KEY_ID: 'key' }, /S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together/],
    [{ DOCUMENTS_STORAGE: 's3', S3_BUCKET: 'guichet', S3_FORCE_PATH_STYLE: 'sometimes' }, /S3_FORCE_PATH_STYLE must be true or false/],
    [{ DOCUMENTS_STORAGE: 's3', S3_BUCKET: 'guichet', DOCUMENTS_DIR: '/srv/docs' }, /DOCUMENTS_DIR is set but DOCUMENTS_STORAGE=s3/],
    [{ S3_BUCKET: 'guichet' }, /S3_BUCKET is set but DOCUMENTS_STORAGE is not s3/],
  ])('refuses %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
