// Placeholder entry; the command table is wired in src/cli/program.ts.
console.log("yolo");
