/** How events and snapshots are stored: stable type names instead of class names, and the serializer that writes and reads them. */
package org.commitmentledger.eventlog.stored;
