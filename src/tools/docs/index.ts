import { getCliHelp } from './get-cli-help.js';
import { getReleaseNotes } from './get-release-notes.js';
import { readDoc } from './read-doc.js';
import { searchCli } from './search-cli.js';
import { searchDocs } from './search-docs.js';

export const docsTools = [searchDocs, readDoc, getCliHelp, searchCli, getReleaseNotes];
