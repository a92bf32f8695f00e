// An empty module: cold.html?warm=1 imports it first, to time what any import costs in a fresh
// page (the floor: a new connection, the module loader's first run) apart from the package's.
export {};
