package com.flowsupport.shared.tenancy;

/**
 * Tenant data was touched with no caller identity in scope: a programming error, never a
 * user's.
 */
public class MissingTenantException extends IllegalStateException {

	public MissingTenantException() {
		super("No tenant in scope: run this inside a request or Tenancy.callAs(...)");
	}

}
