/**
 * Test setup: quiet Mesa's device-select layer, and where no system Vulkan driver is installed
 * but Debian's Chromium is, use the SwiftShader driver it ships (lavapipe, which
 * tooling/scripts/ensure-webgpu.sh installs, is preferred: about 5× faster).
 */
import { existsSync } from 'node:fs';

process.env.NODEVICE_SELECT ??= '1';
const LAVAPIPE = '/usr/share/vulkan/icd.d/lvp_icd.json';
const SWIFTSHADER = '/usr/lib/chromium/vk_swiftshader_icd.json';
if (process.env.VK_ICD_FILENAMES === undefined && !existsSync(LAVAPIPE) && existsSync(SWIFTSHADER)) process.env.VK_ICD_FILENAMES = SWIFTSHADER;
