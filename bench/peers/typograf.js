// Runs typograf (npm `typograf`) over a text file, one paragraph a line, in-process, and prints
// {"peer":"typograf","bytes":…,"seconds":…,"cpu_seconds":…} measured around the processing loop only.
// Usage: node typograf.js FILE [LOCALE]
'use strict';
const fs = require('fs');
const Typograf = require('typograf');

const [file, locale = 'en-US'] = process.argv.slice(2);
const text = fs.readFileSync(file, 'utf8');
const lines = text.split('\n');
const tp = new Typograf({ locale: [locale] });
const start = process.hrtime.bigint();
const cpuStart = process.cpuUsage();
let out = 0;
for (const line of lines) {
  out += tp.execute(line).length;
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
const cpu = process.cpuUsage(cpuStart);
const cpu_seconds = (cpu.user + cpu.system) / 1e6;
console.log(JSON.stringify({ peer: 'typograf', bytes: Buffer.byteLength(text), seconds, cpu_seconds, out }));
