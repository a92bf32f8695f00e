// Jest's defaults (CommonJS, babel-jest, the node environment) with one addition the tests need
// from the outside: jsdom's page address, the local ITSM server the consumer test started
// (test files that ask for `@jest-environment jsdom` get it as location.href).
module.exports = {
  testEnvironmentOptions: { url: process.env.ITSM_URL },
};
