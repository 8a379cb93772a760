/**
 * Auto-configuration of the fleet's bridge across hosts through Redis ({@code orbit.bridge.*}).
 */
package dev.orbit.spring.boot.autoconfigure.bridge;
