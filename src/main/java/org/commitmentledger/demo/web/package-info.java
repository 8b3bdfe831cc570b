/** Whether this instance is the demo, for the page's "demo data" ribbon. */
package org.commitmentledger.demo.web;
