import path from 'node:path';
import ts from 'typescript';
import { toolRoot } from '../../../scripts/shared/paths.js';

/**
 * TypeScript in process, under the project's own tsconfig.json (strict, with `@payspec/*` mapped to
 * the package sources). Source files are parsed once per test worker and shared by every program:
 * the files do not change during a run, and the type-check, the README examples and the type
 * fixtures all read the same packages.
 */
const parsed = new Map<string, ts.SourceFile>();

export function projectConfig(): ts.ParsedCommandLine {
  return ts.getParsedCommandLineOfConfigFile(path.join(toolRoot, 'tsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
}

/** A program over `files` under the project's options (and `options`), sharing parsed files. */
export function compileProgram(files: string[], options: ts.CompilerOptions = {}): ts.Program {
  const compilerOptions = { ...projectConfig().options, noEmit: true, ...options };
  const host = ts.createCompilerHost(compilerOptions);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const key = `${fileName}\0${JSON.stringify(languageVersion)}\0${ts.sys.getModifiedTime?.(fileName)?.getTime() ?? 0}`;
    let file = parsed.get(key);
    if (!file) {
      file = getSourceFile(fileName, languageVersion, onError, shouldCreate);
      if (file) parsed.set(key, file);
    }
    return file;
  };
  return ts.createProgram({ rootNames: files, options: compilerOptions, host });
}

/** The diagnostics of a program over `files`, formatted like `tsc` prints them (`file(line,col): error TS...`). */
export function compile(files: string[], options: ts.CompilerOptions = {}): string[] {
  const program = compileProgram(files, options);
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => ts.formatDiagnostic(diagnostic, format).trim());
}

const format: ts.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => toolRoot, getNewLine: () => '\n' };

/** A file's syntactic and semantic diagnostics in a program (the file must be one of its roots). */
export function semanticDiagnostics(program: ts.Program, file: string): ts.Diagnostic[] {
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`${file} is not in the program`);
  return [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
}

/**
 * The diagnostics of some files of a shared program, formatted like `tsc` prints them; `global`
 * adds the program's own (options, global types), which belong to no file.
 */
export function diagnosticsOf(program: ts.Program, files: string[], { global = false } = {}): string[] {
  const diagnostics = [
    ...(global ? [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics(), ...program.getConfigFileParsingDiagnostics()] : []),
    ...files.flatMap((file) => semanticDiagnostics(program, file)),
  ];
  return diagnostics.map((diagnostic) => ts.formatDiagnostic(diagnostic, format).trim());
}
