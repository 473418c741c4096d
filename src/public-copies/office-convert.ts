import { copyFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { runLimited, type ProcessLimits } from '../platform/limited-process.ts';

/**
 * LibreOffice (Debian's `libreoffice-writer-nogui` and `-calc-nogui`), headless,
 * with a profile of the job's own (two jobs never share one, nor its lock):
 * the only well-kept converter that reads DOCX, XLSX, ODT and ODS alike and
 * lays out Arabic (right to left, shaped) as the office suites do.
 */
async function soffice(workDir: string, args: readonly string[], limits: ProcessLimits) {
  return runLimited(
    'soffice',
    [
      '--headless',
      '--norestore',
      '--nolockcheck',
      '--nodefault',
      `-env:UserInstallation=file://${path.join(workDir, 'office-profile')}`,
      ...args,
    ],
    limits,
  );
}

/** The original under its extension (LibreOffice picks its import filter by it). */
async function named(input: string, ext: string, workDir: string): Promise<string> {
  const file = path.join(workDir, `office.${ext}`);
  await copyFile(input, file);
  return file;
}

/** An office file as a PDF in `workDir`; its path. */
export async function officeToPdf(
  input: string,
  ext: string,
  workDir: string,
  limits: ProcessLimits,
): Promise<string> {
  const out = path.join(workDir, 'office-pdf');
  await soffice(
    workDir,
    ['--convert-to', 'pdf', '--outdir', out, await named(input, ext, workDir)],
    limits,
  );
  const [pdf] = (await readdir(out)).filter((name) => name.endsWith('.pdf'));
  if (!pdf) throw new Error('LibreOffice wrote no PDF');
  return path.join(out, pdf);
}

/**
 * Each sheet of a spreadsheet as a CSV file (UTF-8, commas, every cell as
 * shown): their names, in order, and paths. LibreOffice 7.2+ writes one
 * file a sheet when the filter's last option is -1, and says which.
 */
export async function sheetsToCsv(
  input: string,
  ext: string,
  workDir: string,
  limits: ProcessLimits,
): Promise<Array<{ name: string; file: string }>> {
  const out = path.join(workDir, 'office-csv');
  const { stdout } = await soffice(
    workDir,
    [
      '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
      '--outdir',
      out,
      await named(input, ext, workDir),
    ],
    limits,
  );
  return [...stdout.matchAll(/^Writing sheet (.*) -> (.*\.csv)$/gm)].map((match) => ({
    name: match[1] ?? '',
    file: match[2] ?? '',
  }));
}
